import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { listTemplates, STARTER_KEYS, starterTemplates } from '@rundbrief/core/authoring/index';
import { LOCALE_NAMES } from '@rundbrief/core/i18n/locales';
import { starterLanguages, starterValue } from '@/lib/starters';
import { requireMember } from '@/lib/session';
import { CreateTemplateForm } from './CreateTemplateForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('templates'))('title') };
}

export default async function TemplatesPage() {
  const { tenantId } = await requireMember('MARKETER');
  const [templates, t, format, locale] = await Promise.all([listTemplates({ tenantId }), getTranslations('templates'), getFormatter(), getLocale()]);
  // The starters in the user's language first (and the default), then the other languages'.
  const starterGroups = starterLanguages(locale).map((lang) => ({
    language: LOCALE_NAMES[lang],
    starters: STARTER_KEYS.map((k) => ({ key: starterValue(lang, k, locale), name: t('starter', { key: k, name: starterTemplates(lang)[k].name }) })),
  }));
  return (
    <div className="stack" style={{ gap: 24 }}>
      <div className="page-header"><h1>{t('title')}</h1></div>
      <section className="card" aria-labelledby="new-h">
        <h2 id="new-h" className="card-title">{t('newTitle')}</h2>
        <CreateTemplateForm starterGroups={starterGroups} />
      </section>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h" className="card-title">{t('yourTemplates')}</h2>
        {templates.length === 0 ? <p className="muted">{t('empty')}</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{t('columns.name')}</th><th>{t('columns.version')}</th><th>{t('columns.updated')}</th></tr></thead>
              <tbody>
                {templates.map((tpl) => (
                  <tr key={tpl.id}>
                    <td><Link href={`/app/templates/${tpl.id}`}>{tpl.name}</Link></td>
                    <td>{t('version', { version: tpl.version })}</td>
                    <td>{format.dateTime(tpl.updatedAt, 'dateTime')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
