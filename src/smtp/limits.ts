// Bounds on what a server can make us hold in memory (issue #4). RFC 5321 §4.5.3.1.5 allows a
// reply line of 512 octets; we accept far more before cutting, but never without limit.
export type Limits = { maxLineBytes: number; maxReplyBytes: number; maxReplyLines: number };

export const LIMITS = { maxLineBytes: 8192, maxReplyBytes: 65536, maxReplyLines: 512 } as const;
