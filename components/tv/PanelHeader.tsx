/** A panel's title and what it counts, e.g. "All regions · last 1 min". */
export function PanelHeader({ title, scope }: { title: string; scope: string }) {
  return (
    <header className="tv-panel__header">
      <h2 className="tv-panel__title" data-testid="tv-panel-title" data-tv-text="">
        {title}
      </h2>
      <p className="tv-panel__scope" data-testid="tv-panel-scope" data-tv-text="">
        {scope}
      </p>
    </header>
  );
}
