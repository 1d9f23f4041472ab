/** The Waybill mark: a route through three stops. public/favicon.svg draws the same. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="brand__mark">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path d="M7 21 L13 11 L19 19 L25 9" fill="none" stroke="var(--accent-contrast)" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="7" cy="21" r="2.5" fill="var(--accent-contrast)" />
      <circle cx="25" cy="9" r="2.5" fill="var(--accent-contrast)" />
    </svg>
  );
}
