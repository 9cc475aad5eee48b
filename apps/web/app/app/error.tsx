'use client';

// Unexpected failures inside the app shell: keep the navigation, say what happened, offer a
// retry. Details stay in the server log (the digest links the two).
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <h2>Something went wrong</h2>
      <p>This page could not be loaded. Try again; if it keeps failing, tell your operator{error.digest ? ` (reference ${error.digest})` : ''}.</p>
      <button type="button" className="btn" onClick={reset}>Try again</button>
    </div>
  );
}
