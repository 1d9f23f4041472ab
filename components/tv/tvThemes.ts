/** The wall's colour schemes: dark for a dim operations room, light for a bright one. */
export const TV_THEMES = ['dark', 'light'] as const;
export type TvTheme = (typeof TV_THEMES)[number];
export const DEFAULT_TV_THEME: TvTheme = 'dark';

export function isTvTheme(value: string): value is TvTheme {
  return (TV_THEMES as readonly string[]).includes(value);
}
