import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>Not found</h1>
        <p>This page does not exist, or it belongs to another account.</p>
        <Link className="btn" href="/app">Back to the dashboard</Link>
      </div>
    </main>
  );
}
