'use client';

import Link from 'next/link';
import { STALE_AFTER_MS } from '../live/staleness';
import { PageFrame } from '../layout/PageFrame';
import { tvHref } from './tvConfig';
import { TV_PANEL_DESCRIPTIONS, TV_PANEL_TITLES, TV_PANELS } from './tvPanels';
import { TV_PARAMETER_DOCS } from './tvParameters';

const EXAMPLES = [
  { href: '/tv', label: 'Every panel, last minute, dark' },
  { href: tvHref('/tv', { panels: 'throughput,latency,errorRate,deadLetters|exceptions,regions,pipeline', rotate: '20' }), label: 'Two pages, 20 s each' },
  { href: tvHref('/tv', { region: 'eu-west', panels: 'throughput,regions,latency', window: '5m', throughputMin: '5' }), label: 'One region over 5 minutes, warning below 5 events/s' },
  { href: tvHref('/tv', { theme: 'light', panels: 'throughput,pipeline' }), label: 'Light, two panels' },
];

/** Every parameter of a wall's link, with its meaning, default and an example. */
export function TvHelpPage() {
  return (
    <PageFrame title="TV wall" back={{ href: '/', label: 'Dashboard' }} actions={<Link className="button" href="/tv">Open the wall</Link>}>
      <div className="tv-help" data-testid="tv-help">
        <section className="card tv-help__section">
          <h2>A link is the whole configuration</h2>
          <p>
            Open <Link href="/tv">/tv</Link> on the wall&apos;s screen. It has no controls: what it shows is set by the parameters
            of its link below. A value the wall cannot use falls back to its default, and a small line at the bottom of the screen
            names it.
          </p>
          <ul className="tv-help__examples">
            {EXAMPLES.map((example) => (
              <li key={example.href}>
                <Link href={example.href}>{example.label}</Link> <code>{example.href}</code>
              </li>
            ))}
          </ul>
        </section>

        <section className="card tv-help__section">
          <h2>Parameters</h2>
          <table className="tv-help__table" data-testid="tv-help-parameters">
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col">Meaning</th>
                <th scope="col">Default</th>
                <th scope="col">Example</th>
              </tr>
            </thead>
            <tbody>
              {TV_PARAMETER_DOCS.map((parameter) => (
                <tr key={parameter.name} data-parameter={parameter.name}>
                  <td>
                    <code>{parameter.name}</code>
                  </td>
                  <td>{parameter.meaning}</td>
                  <td>
                    <code>{parameter.defaultValue}</code>
                  </td>
                  <td>
                    {parameter.example.includes('…') ? (
                      <code>{parameter.example}</code>
                    ) : (
                      <Link href={parameter.example}>{parameter.example}</Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card tv-help__section">
          <h2>Panels</h2>
          <table className="tv-help__table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Shows</th>
              </tr>
            </thead>
            <tbody>
              {TV_PANELS.map((panel) => (
                <tr key={panel}>
                  <td>
                    <code>{panel}</code>
                  </td>
                  <td>{TV_PANEL_TITLES[panel]}</td>
                  <td>{TV_PANEL_DESCRIPTIONS[panel]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card tv-help__section">
          <h2>Live, stale, reconnecting</h2>
          <p>
            Every figure trends against the window before it (▲ up, ▼ down, with the change). When no update has come for{' '}
            {STALE_AFTER_MS / 1_000} seconds the wall says the data is stale and since when, and greys its figures. When the
            connection drops it says it is reconnecting, and reconnects by itself with back-off; it never reloads the page.
          </p>
          <p>
            For a wall controller or a monitor, the wall&apos;s root element carries <code>data-freshness</code>:{' '}
            <code>reconnecting</code> while not connected (or connected but not yet answered), else <code>stale</code> after{' '}
            {STALE_AFTER_MS / 1_000} seconds without an update, else <code>live</code>.
          </p>
        </section>
      </div>
    </PageFrame>
  );
}
