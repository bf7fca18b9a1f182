// The live transcript: only the visible window is rendered, so 100k lines cost what 20 do.
import React from 'react';
import { Box, Text } from 'ink';
import type { TranscriptEntry } from '../../model/index.js';
import type { Theme } from '../theme.js';
import { fitWidth } from '../fit.js';

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
}): React.JSX.Element {
  const { lines, total, scroll, height, width, timestamps, theme } = props;
  const where = scroll > 0 ? ` (${scroll} lines up; End follows)` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold={theme.bold} wrap="truncate-end">
        {fitWidth(`Transcript ${total > 0 ? `${total} lines` : ''}${where}`, width)}
      </Text>
      {lines.map((e, i) => (
        // Cut here, not by Ink: a server's CJK or emoji on the boundary must not overhang.
        <Text key={i} wrap="truncate-end" color={theme.color(COLOR[e.dir])}>
          {fitWidth(
            `${timestamps ? `${e.t.toFixed(1).padStart(8)} ` : ''}${PREFIX[e.dir]}${e.text}`,
            width,
          )}
        </Text>
      ))}
    </Box>
  );
}
