// plop imports its plopfile natively, and Node 20 cannot import .ts: this loader registers tsx,
// then hands plop the real plopfile.ts.
import { register } from 'tsx/esm/api';

register();
export default (await import('./plopfile.ts')).default;
