import Type from 'typebox';
import { Code, ModuleRef, Name, Timestamp } from './common.js';

export const CatalogModule = Type.Object({ code: Code, name: Name }, { additionalProperties: false });

export const Product = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  modules: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const NewProduct = Type.Object(
  { code: Code, name: Name, modules: Type.Optional(Type.Array(CatalogModule, { maxItems: 500 })) },
  { additionalProperties: false },
);

export const ProductPatch = Type.Object(
  { name: Type.Optional(Name), addModules: Type.Optional(Type.Array(CatalogModule, { minItems: 1, maxItems: 500 })) },
  { additionalProperties: false, minProperties: 1 },
);

export const Solution = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  modules: Type.Array(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const NewSolution = Type.Object(
  { code: Code, name: Name, modules: Type.Array(ModuleRef, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const SolutionPatch = Type.Object(
  { name: Type.Optional(Name), modules: Type.Optional(Type.Array(ModuleRef, { minItems: 1, maxItems: 1000 })) },
  { additionalProperties: false, minProperties: 1 },
);
