import { licenseModels, modelFieldNames, usageSources } from '@allot/core';
import Type from 'typebox';
import { Nullable } from './common.js';

export const LicenseModelSpec = Type.Object(
  {
    model: Type.Enum([...licenseModels]),
    label: Type.String({ description: '"Named users", "Hits per year", …' }),
    description: Type.String(),
    subject: Type.Enum(['product', 'solution'], { description: 'what a license of the model grants' }),
    counted: Type.Boolean({ description: 'false for a server license: no quantity, nothing counted' }),
    coversEveryone: Type.Boolean({ description: 'every user of the tenant may use its modules (server)' }),
    seats: Type.Boolean({ description: 'the quantity is seats held by named users (assignments, linked groups)' }),
    usedFrom: Type.Enum([...usageSources], { description: 'where `used` comes from' }),
    quantityLabel: Type.String(),
    quantityHint: Nullable(Type.String()),
    quantityUnit: Type.String({ description: 'the unit of the quantity: seats, GB, …' }),
    usedUnit: Type.String({ description: 'the unit of `used` and `available`: seats, MB, hits this year, …' }),
    usageLabel: Type.String({ description: 'what a usage meter shows: "Seats used", "Hits this year", …' }),
    usedPerQuantity: Type.Integer({ description: 'units of `used` per unit of quantity (1000 MB per GB of a data quota)' }),
    unlimitedFrom: Nullable(Type.Integer({ description: 'from this quantity on the license is unlimited (∞); null: every quantity is enforced' })),
    quantityNotBelowUsage: Type.Boolean({ description: 'a quantity below what is in use is refused (quantity_below_usage)' }),
    certifiedProfessionals: Type.Boolean({ description: 'certified professionals use it without being counted' }),
    grace: Type.Boolean({ description: 'a grace key may lift its limit' }),
    fields: Type.Array(
      Type.Object({
        name: Type.Enum([...modelFieldNames]),
        required: Type.Boolean(),
        default: Nullable(Type.Integer()),
        changeable: Type.Boolean({ description: 'PATCH may change it' }),
      }),
    ),
  },
  { $id: 'LicenseModelSpec' },
);
