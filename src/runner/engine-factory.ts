// The engine as a probe factory. Kept apart from the runner so that the TUI bundle, which is
// handed this factory by the CLI bundle at run time, does not carry a second copy of the engine.
import { Probe } from '../probe/engine.js';
import type { ProbeFactory } from './runner.js';

export const engineFactory: ProbeFactory = (spec, id) => new Probe(spec, id);
