import type { License } from '@allot/sdk/openapi';
import type { Directory } from '../hooks/useDirectory';
import { modelSpec } from '../lib/license-models';
import { DataUsagePanel } from './DataUsagePanel';
import { HitUsagePanel } from './HitUsagePanel';
import { LinkedUsersPanel } from './LinkedUsersPanel';
import { VolumeObjectsPanel } from './VolumeObjectsPanel';

interface ConsumptionPanelsProps {
  license: License;
  directory: Directory;
  timeZone: string;
  nowMs: number;
  /** The tenant's today, `2024-03-06`. */
  today: string;
  /** Set when the session may change volume objects (runtime.use). */
  mayChangeObjects: boolean;
  /** Bumped by the page to read the usage again. */
  version: number;
  onChanged: (message: string) => void;
  /** Reads the license and its usage again: applications report usage all the time. */
  onRefresh: () => void;
}

/** The usage views of a consumption license, by model: hit days and years, data ticks, objects, linked users. */
export function ConsumptionPanels({ license, directory, timeZone, nowMs, today, mayChangeObjects, version, onChanged, onRefresh }: ConsumptionPanelsProps) {
  switch (modelSpec(license.model).usedFrom) {
    case 'hits_this_year':
      return <HitUsagePanel license={license} today={today} version={version} onRefresh={onRefresh} />;
    case 'data_ticks':
      return <DataUsagePanel license={license} version={version} onRefresh={onRefresh} />;
    case 'counted_objects':
      return <VolumeObjectsPanel license={license} timeZone={timeZone} nowMs={nowMs} mayChange={mayChangeObjects} version={version} onChanged={onChanged} onRefresh={onRefresh} />;
    case 'live_links':
      return <LinkedUsersPanel license={license} directory={directory} timeZone={timeZone} nowMs={nowMs} version={version} onRefresh={onRefresh} />;
    default:
      return null;
  }
}
