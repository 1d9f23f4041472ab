interface KpiTileProps {
  testId: string;
  label: string;
  value: string;
  caption: string;
  /** Marks a figure that asks for a look, such as dead letters above zero. */
  attention?: boolean;
}

export function KpiTile({ testId, label, value, caption, attention = false }: KpiTileProps) {
  return (
    <section className="card kpi" data-testid={testId} data-attention={attention || undefined}>
      <h2 className="kpi__label">{label}</h2>
      <p className="kpi__value" data-testid="kpi-value">
        {value}
      </p>
      <p className="kpi__caption">{caption}</p>
    </section>
  );
}
