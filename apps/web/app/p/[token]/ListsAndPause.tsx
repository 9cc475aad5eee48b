// "Lists and pause" section of the subscriber's preference page. Server component: the page
// includes it with the token; each button is a small client form (PreferenceButton).
import { PAUSE_DAYS, getListPreferences } from '@rundbrief/core';
import { PreferenceButton } from './PreferenceButton';
import { listPreferenceAction, pauseAction } from './lists-actions';
import type { Locale } from '@rundbrief/core/i18n/locales';
import { translationsIn } from '@/i18n/in-language';

export async function ListsAndPause({ token, locale }: { token: string; locale?: Locale }) {
  const [prefs, t] = await Promise.all([getListPreferences(token), translationsIn(locale, 'public.data')]);
  return (
    <section aria-labelledby="lists-pause-title" className="card stack" style={{ margin: "16px 0" }}>
      <h2 id="lists-pause-title">{t('listsPause')}</h2>
      {!prefs.canChange ? (
        <p className="muted">{t('cannotChange', { email: prefs.email })}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="preference-lists">
              <thead><tr><th>{t('columns.list')}</th><th>{t('columns.status')}</th><th><span className="sr-only">{t('change')}</span></th></tr></thead>
              <tbody>
                {prefs.lists.map((l) => (
                  <tr key={l.listId}>
                    <td>{l.name}</td>
                    <td>{t('listStatus', { status: l.status })}</td>
                    <td>
                      {l.status === 'CONFIRMED' && (
                        <PreferenceButton action={listPreferenceAction} fields={{ token, listId: l.listId, op: 'leave' }} label={t('leave', { list: l.name })} />
                      )}
                      {l.status === 'UNSUBSCRIBED' && (
                        <PreferenceButton action={listPreferenceAction} fields={{ token, listId: l.listId, op: 'rejoin' }} label={t('rejoin', { list: l.name })} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">{t('rejoinHint')}</p>
          <div className="stack">
            <h3>{t('pauseHeading')}</h3>
            {prefs.pausedUntil ? (
              <>
                <p data-testid="paused-until">{t('pausedUntil', { until: prefs.pausedUntil })}</p>
                <PreferenceButton action={pauseAction} fields={{ token, op: 'resume' }} label={t('resume')} />
              </>
            ) : (
              <div className="toolbar">
                {PAUSE_DAYS.map((d) => (
                  <PreferenceButton key={d} action={pauseAction} fields={{ token, op: 'pause', days: String(d) }} label={t('pauseFor', { days: d })} />
                ))}
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
