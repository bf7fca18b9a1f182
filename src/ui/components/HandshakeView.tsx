// The handshake X-ray (key h): the TLS stage opened into its messages. The ladder takes the
// transcript's place, one row per message (direction, time since the ClientHello, name, size,
// key fields); the panel explains the message under the cursor, what it negotiates and why,
// with what we offered against what the server chose. A live handshake cannot wait for a
// person, so the learner walks the recorded messages afterwards: in guided mode one more row
// appears per key press, in auto mode all are there at once.
import React from 'react';
import { Box, Text } from 'ink';
import type { HandshakeStep } from '../../model/tls.js';
import { negotiation } from '../../tls/negotiation.js';
import { keyFields } from '../../report/ladder.js';
import {
  NEGOTIATED_LABELS,
  dirWords,
  messageName,
  messageWords,
  someOf,
} from '../../wording/handshake.js';
import type { UiState } from '../state/reducer.js';
import type { Theme } from '../theme.js';
import { capRows, fitWidth } from '../fit.js';
import { wrapLine } from '../wrap.js';

/** The recorded messages: the finished handshake's, or those seen before it failed. */
export function handshakeSteps(s: UiState): HandshakeStep[] {
  return s.tls?.handshake ?? s.result?.facts.failure?.tls?.handshake ?? [];
}

interface ViewProps {
  steps: HandshakeStep[];
  index: number;
  /** Rows shown: up to the cursor in guided mode, all in auto mode. */
  revealed: number;
  width: number;
  height: number;
  theme: Theme;
}

export function HandshakeLadder(p: ViewProps): React.JSX.Element {
  const rows = p.steps.slice(0, p.revealed + 1);
  // Keep the cursor in view: the window ends at the cursor when the ladder is taller.
  const room = Math.max(1, p.height - 1);
  const first = Math.max(0, Math.min(p.index - room + 1, rows.length - room));
  const title = `TLS handshake, message ${p.index + 1} of ${p.steps.length} (ms since ClientHello)`;
  return (
    <Box flexDirection="column" width={p.width} height={p.height}>
      <Text bold={p.theme.bold} wrap="truncate-end">
        {fitWidth(title, p.width)}
      </Text>
      {rows.slice(first, first + room).map((step, i) => {
        const at = first + i;
        const arrow = step.dir === 'C' ? 'C ─▶ S' : 'C ◀─ S';
        const line = `${at === p.index ? '›' : ' '}${step.ms.toFixed(1).padStart(6)} ${arrow} ${messageName(step.type).padEnd(19)} ${String(step.bytes).padStart(5)} B  ${keyFields(step)}`;
        return (
          <Text
            key={at}
            wrap="truncate-end"
            inverse={at === p.index}
            color={p.theme.color(
              step.type === 'alert' ? 'red' : step.dir === 'C' ? 'cyan' : 'white',
            )}
          >
            {fitWidth(line, p.width)}
          </Text>
        );
      })}
    </Box>
  );
}

export function HandshakeDetail(p: ViewProps): React.JSX.Element {
  const step = p.steps[p.index];
  if (!step) return <Text>no handshake recorded</Text>;
  const words = messageWords(step);
  const head = `${words.name}  ${dirWords(step.dir)}  +${step.ms.toFixed(1)} ms  ${step.bytes} bytes${step.encrypted ? (step.fields.decrypted === false ? '  encrypted' : '  decrypted for display') : ''}  (${words.rfc})`;
  // Offered against chosen, for the items this message offers or chooses.
  const items = negotiation(p.steps).filter(
    (n) => n.offeredAt === p.index || n.chosenAt === p.index,
  );
  return (
    // A short screen has fewer rows than the message's items and words: yoga would shrink the
    // rows to nothing and print the next one over them. Rows keep their height, the explanation
    // gets the rows left (ending in "…" when it needs more), and the box cuts what still
    // does not fit.
    <Box flexDirection="column" width={p.width} height={p.height} overflow="hidden">
      <Text bold={p.theme.bold} wrap="truncate-end">
        {fitWidth(head, p.width)}
      </Text>
      {items.map((n) => (
        <Box key={n.item} flexDirection="column" flexShrink={0}>
          <Text wrap="truncate-end">
            {fitWidth(`${NEGOTIATED_LABELS[n.item]}: `, p.width)}
            <Text color={p.theme.color('green')} bold={p.theme.bold}>
              {n.chosen === null || n.chosenAt === null
                ? 'nothing chosen'
                : n.chosenAt > p.revealed
                  ? "the server's choice comes in a later message"
                  : `→ chosen ${n.chosen}`}
            </Text>
          </Text>
          <Text wrap="truncate-end">{fitWidth(`  offered ${someOf(n.offered, 4)}`, p.width)}</Text>
        </Box>
      ))}
      {capRows(wrapLine(words.what, p.width, 0), p.height - 1 - 2 * items.length, p.width).map(
        (row, i) => (
          <Text key={i}>{row}</Text>
        ),
      )}
    </Box>
  );
}
