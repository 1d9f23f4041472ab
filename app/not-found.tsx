import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="not-found">
      <p className="not-found__code">404</p>
      <h1>This page does not exist</h1>
      <p>The address may be mistyped, or the page may have moved.</p>
      <Link href="/" className="button">
        Back to the overview
      </Link>
    </main>
  );
}
