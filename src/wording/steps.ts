// A step's one line for the step list and the reports: what the stage said, or, for a stage
// that stopped the run, the words of its failure.
import type { StepRecord } from '../model/events.js';
import { failureWords } from './failure.js';

export function stepDetail(step: StepRecord): string {
  if (step.detail !== null) return step.detail;
  return step.failure ? failureWords(step.failure) : '';
}
