import Link from 'next/link';
import type { Attention } from './kpiAttention';

interface KpiTileProps {
  testId: string;
  label: string;
  value: string;
  caption: string;
  /** Why the figure asks for a look (its threshold crossed), or null. */
  attention?: Attention;
  /** The events behind the figure. */
  href?: string | null;
  /** Says what the link opens, for its tooltip. */
  linkTitle?: string;
}

export function KpiTile({ testId, label, value, caption, attention = null, href = null, linkTitle }: KpiTileProps) {
  const content = (
    <>
      <h2 className="kpi__label">
        {label}
        {attention && (
          <span className="kpi__attention" role="img" aria-label={attention} title={attention} data-testid="kpi-attention">
            !
          </span>
        )}
      </h2>
      <p className="kpi__value" data-testid="kpi-value">
        {value}
      </p>
      <p className="kpi__caption">{caption}</p>
    </>
  );
  return (
    <section
      className="card kpi"
      data-testid={testId}
      data-attention={attention ? true : undefined}
      title={attention ?? undefined}
    >
      {href ? (
        <Link prefetch={false} className="kpi__link" href={href} title={attention ?? linkTitle}>
          {content}
        </Link>
      ) : (
        content
      )}
    </section>
  );
}
