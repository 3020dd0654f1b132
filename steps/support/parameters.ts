import type { ProfileId } from '../../src/contract/profiles.ts';
import type { TargetName } from '../../src/targets/target.ts';

/** Cucumber world parameters (`--world-parameters`), read by the World and by the target hooks. */
export interface WorldParameters {
  target?: TargetName;
  profile?: ProfileId;
}
