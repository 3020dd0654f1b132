// Lets cucumber-js load TypeScript step definitions (ESM). Listed first in cucumber's `import`.
import { register } from 'tsx/esm/api';
register();
