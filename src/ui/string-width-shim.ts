// Bundle-only stand-in for the `string-width` package: scripts/build.mjs points Ink's (and its
// helpers') `import stringWidth from 'string-width'` here. See text-width.ts for why.
import { makeTextWidth } from './text-width.js';
import type { WidthFn } from './text-width.js';

// `require`, not `import`: esbuild then evaluates string-width (and builds its Intl.Segmenter)
// only on the first call, i.e. only when a string with emoji or combining marks shows up.
declare const require: (id: 'string-width') => { default: WidthFn };

export default makeTextWidth(() => require('string-width').default);
