import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>Not allowed</h1>
        <p>Your role does not allow this page or action. Ask an admin of your account if you need access.</p>
        <Link className="btn" href="/app">Back to the dashboard</Link>
      </div>
    </main>
  );
}
