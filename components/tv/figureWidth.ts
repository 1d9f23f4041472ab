/**
 * How many character widths a figure takes, for its font size: the value is drawn as
 * large as its panel allows, and a longer text must shrink to stay inside. Separators
 * and spaces are about half a digit wide.
 */
export function figureWidthInDigits(text: string): number {
  let width = 0;
  for (const character of text) width += /[\d\p{Lu}\p{Ll}%—+\u2212]/u.test(character) ? 1 : 0.5;
  // Short figures ("0") would otherwise grow taller than the panel is.
  return Math.max(3, width);
}
