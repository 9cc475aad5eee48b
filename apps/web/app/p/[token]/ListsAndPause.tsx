// "Lists and pause" section of the subscriber's preference page. Server component: the page
// includes it with the token; each button is a small client form (PreferenceButton).
import { PAUSE_DAYS, getListPreferences } from '@rundbrief/core';
import { PreferenceButton } from './PreferenceButton';
import { listPreferenceAction, pauseAction } from './lists-actions';

const STATUS_TEXT = {
  CONFIRMED: 'Subscribed',
  PENDING: 'Waiting for your confirmation: check your inbox',
  UNSUBSCRIBED: 'Not subscribed',
} as const;

export async function ListsAndPause({ token }: { token: string }) {
  const prefs = await getListPreferences(token);
  return (
    <section aria-labelledby="lists-pause-title" className="card stack" style={{ margin: "16px 0" }}>
      <h2 id="lists-pause-title">Lists and pause</h2>
      {!prefs.canChange ? (
        <p className="muted">Mail to {prefs.email} cannot be delivered or was reported, so no newsletters are sent to it.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="preference-lists">
              <thead><tr><th>List</th><th>Status</th><th><span className="sr-only">Change</span></th></tr></thead>
              <tbody>
                {prefs.lists.map((l) => (
                  <tr key={l.listId}>
                    <td>{l.name}</td>
                    <td>{STATUS_TEXT[l.status]}</td>
                    <td>
                      {l.status === 'CONFIRMED' && (
                        <PreferenceButton action={listPreferenceAction} fields={{ token, listId: l.listId, op: 'leave' }} label={`Leave ${l.name}`} />
                      )}
                      {l.status === 'UNSUBSCRIBED' && (
                        <PreferenceButton action={listPreferenceAction} fields={{ token, listId: l.listId, op: 'rejoin' }} label={`Rejoin ${l.name}`} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">Rejoining a list sends you a confirmation mail first.</p>
          <div className="stack">
            <h3>Take a break</h3>
            {prefs.pausedUntil ? (
              <>
                <p data-testid="paused-until">No newsletters until {prefs.pausedUntil.toISOString().slice(0, 10)}.</p>
                <PreferenceButton action={pauseAction} fields={{ token, op: 'resume' }} label="Resume now" />
              </>
            ) : (
              <div className="toolbar">
                {PAUSE_DAYS.map((d) => (
                  <PreferenceButton key={d} action={pauseAction} fields={{ token, op: 'pause', days: String(d) }} label={`Pause for ${d} days`} />
                ))}
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
