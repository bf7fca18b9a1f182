// The live transcript: only the visible window is rendered, so 100k lines cost what 20 do.
// Lines wrap under their C:/S: prefix rather than being cut.
import React from 'react';
import { Box, Text } from 'ink';
import type { TranscriptEntry } from '../../model/index.js';
import type { Theme } from '../theme.js';
import { fitWidth } from '../fit.js';
import { wrapLine } from '../wrap.js';

const PREFIX: Record<TranscriptEntry['dir'], string> = {
  C: 'C: ',
  S: 'S: ',
  tls: '~~ ',
  info: '** ',
};
/** Cells the direction prefix takes. */
export const PREFIX_WIDTH = 3;
const COLOR: Record<TranscriptEntry['dir'], string> = {
  C: 'cyan',
  S: 'white',
  tls: 'magenta',
  info: 'gray',
};

export function TranscriptView(props: {
  lines: TranscriptEntry[];
  total: number;
  scroll: number;
  height: number;
  width: number;
  timestamps: boolean;
  theme: Theme;
  /** Scrolled to the top: fill from the first line down (else from the newest up). */
  fromTop?: boolean;
}): React.JSX.Element {
  const { lines, total, scroll, height, width, timestamps, theme } = props;
  const where = scroll > 0 ? ` (${scroll} lines up; End follows)` : '';
  // A long line wraps under its prefix instead of being cut; the window then holds fewer lines:
  // whole ones, the newest kept (or, scrolled to the top, the oldest).
  const stamp = timestamps ? 9 : 0;
  const wrapped = lines.map((e) => ({
    dir: e.dir,
    rows: wrapLine(
      `${timestamps ? `${e.t.toFixed(1).padStart(8)} ` : ''}${PREFIX[e.dir]}${e.text}`,
      width,
      stamp + PREFIX_WIDTH,
    ),
  }));
  const room = height - 1;
  const order = props.fromTop ? wrapped : [...wrapped].reverse();
  const kept: typeof wrapped = [];
  let used = 0;
  for (const w of order) {
    if (used + w.rows.length > room && kept.length > 0) break;
    kept.push(w);
    used += w.rows.length;
  }
  if (!props.fromTop) kept.reverse();
  const rows = kept.flatMap((w) => w.rows.map((text) => ({ text, dir: w.dir }))).slice(0, room);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold={theme.bold} wrap="truncate-end">
        {fitWidth(`Transcript ${total > 0 ? `${total} lines` : ''}${where}`, width)}
      </Text>
      {rows.map((r, i) => (
        // Cut here, not by Ink: a server's CJK or emoji on the boundary must not overhang.
        <Text key={i} wrap="truncate-end" color={theme.color(COLOR[r.dir])}>
          {fitWidth(r.text, width)}
        </Text>
      ))}
    </Box>
  );
}
