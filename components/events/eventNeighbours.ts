/** A ref is the input's log coordinates: "p3-o1042" is partition 3, offset 1042. */
export function parseRef(ref: string): { partition: number; offset: number } | null {
  const match = /^p(\d+)-o(\d+)$/.exec(ref);
  if (!match) return null;
  return { partition: Number(match[1]), offset: Number(match[2]) };
}

export function refOf(partition: number, offset: number): string {
  return `p${partition}-o${offset}`;
}

/** The inputs just before and after this one in its partition (none before offset 0). */
export function neighbourRefs(partition: number, offset: number): { previous: string | null; next: string } {
  return { previous: offset > 0 ? refOf(partition, offset - 1) : null, next: refOf(partition, offset + 1) };
}

/** How far either side of an input's append time the "around it" link looks. */
export const AROUND_MS = 30_000;
