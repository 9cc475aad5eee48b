import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { DomainError } from '@rundbrief/core';
import { checkCampaign, getCampaign, testSendPolicy, timeZones } from '@rundbrief/core/authoring/index';
import { listSenderIdentities } from '@rundbrief/core/senders/index';
import { tenantDb } from '@rundbrief/db';
import { requireMember } from '@/lib/session';
import { ActionButton } from '@/components/ActionButton';
import { CampaignStatusBadge } from '@/components/StatusBadge';
import { cancelScheduleAction, deleteCampaignAction } from '../actions';
import { CampaignEditor } from './CampaignEditor';
import { Checklist } from './Checklist';
import { domainWords } from '../../settings/domains/summary';
import { CampaignProgress, SendNowButton } from './progress';
import { ScheduleForm, TestSendForm } from './SendForms';
import { ScheduledWatch } from './ScheduledWatch';
import { getAbReport } from '@rundbrief/core/reports/ab-report';
import { AbResults } from './AbResults';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('campaigns'))('campaignTitle') };
}

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const member = await requireMember('VIEWER');
  const { tenantId } = member;
  const c = await getCampaign({ tenantId }, id).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') notFound();
    throw err;
  });
  const draft = c.status === 'DRAFT';
  const [identities, lists, fields, check] = await Promise.all([
    listSenderIdentities({ tenantId }),
    tenantDb(tenantId).list.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    tenantDb(tenantId).customField.findMany({ select: { key: true }, orderBy: { key: 'asc' } }),
    draft || c.status === 'SCHEDULED' ? checkCampaign({ tenantId }, c.id) : null,
  ]);
  const canEdit = member.role !== 'VIEWER';
  const [t, format, { summary: domainSummary }] = await Promise.all([getTranslations('campaigns.page'), getFormatter(), domainWords()]);
  const ab = !draft && c.status !== 'SCHEDULED' && c.abTest ? await getAbReport({ tenantId }, c.id) : null;
  const testPolicy = draft && canEdit ? await testSendPolicy({ tenantId }, c.identityId) : undefined;
  return (
    <div className="stack" style={{ gap: 20 }}>
      <div className="page-header">
        <h1>{c.name} <CampaignStatusBadge status={c.status} /></h1>
        <div className="toolbar" style={{ margin: 0 }}>
          <Link className="btn btn-sm" href="/app/campaigns">{t('all')}</Link>
          {!draft && c.status !== 'SCHEDULED' && <Link className="btn btn-sm" href={`/app/campaigns/${c.id}/report`}>{t('report')}</Link>}
          {draft && canEdit && (
            <ActionButton
              action={deleteCampaignAction}
              fields={{ campaignId: c.id }}
              label={t('deleteDraft')}
              className="btn btn-sm btn-ghost"
              confirm={{ title: t('deleteTitle', { name: c.name }), message: <p>{t('deleteBody')}</p>, confirmLabel: t('deleteDraft'), dismissLabel: t('keep') }}
            />
          )}
        </div>
      </div>
      {c.status === 'SCHEDULED' && c.scheduledAt && (
        <div className="alert alert-info" role="status">
          {t.rich('scheduledFor', {
            when: format.dateTime(c.scheduledAt, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: c.timezone ?? 'UTC' }),
            zone: c.timezone ?? 'UTC',
            strong: (s) => <strong>{s}</strong>,
          })}
          {canEdit && <ActionButton action={cancelScheduleAction} fields={{ campaignId: c.id }} label={t('cancelSchedule')} />}
          <ScheduledWatch campaignId={c.id} scheduledAt={c.scheduledAt.toISOString()} />
        </div>
      )}
      {!draft && c.status !== 'SCHEDULED' && <CampaignProgress tenantId={tenantId} campaignId={c.id} canControl={canEdit} />}
      {ab && <AbResults campaignId={c.id} ab={ab} canControl={canEdit} />}
      {check && <Checklist items={check.items} domainSummary={check.senderDomain ? domainSummary(check.senderDomain.state, check.senderDomain.verifiedAt) : undefined} />}
      {draft && canEdit && (
        <>
          <section className="card" aria-labelledby="send-h">
            <h2 id="send-h" className="card-title">{t('testAndSchedule')}</h2>
            <div className="toolbar">
              {check?.sendable ? <SendNowButton campaignId={c.id} /> : <span className="muted">{t('fixFirst')}</span>}
            </div>
            <div className="grid-cards">
              <TestSendForm campaignId={c.id} defaultTo={member.email} policy={testPolicy} />
              <ScheduleForm campaignId={c.id} zones={timeZones()} defaultZone={c.timezone ?? 'Europe/Berlin'} />
            </div>
          </section>
          <CampaignEditor
            campaign={{
              id: c.id, name: c.name, subject: c.subject, preheader: c.preheader ?? '', identityId: c.identityId ?? '', listIds: c.listIds,
              segment: c.segment ?? { match: 'all', rules: [] }, mjml: c.mjml, textOverride: c.textOverride, trackOpens: c.trackOpens,
              trackClicks: c.trackClicks, reengagement: c.reengagement,
              abTest: {
                enabled: !!c.abTest, differs: c.abTest?.differs ?? ['subject'], testPercent: String(c.abTest?.testPercent ?? c.abTestPercent),
                metric: c.abTest?.metric ?? c.abMetric, waitMinutes: String(c.abTest?.waitMinutes ?? c.abWaitMinutes),
                variants: (c.abTest?.variants ?? []).map((v) => ({ subject: v.subject ?? c.subject, preheader: v.preheader ?? c.preheader ?? '', mjml: v.mjml ?? c.mjml })),
              },
            }}
            identities={identities.map((i) => ({ id: i.id, label: i.domainVerified ? `${i.fromName} <${i.address}>` : t('domainNotVerified', { sender: `${i.fromName} <${i.address}>` }) }))}
            lists={lists.map((l) => ({ id: l.id, label: l.name }))}
            fields={fields.map((f) => f.key)}
          />
        </>
      )}
      {!draft && (
        <section className="card" aria-labelledby="content-h">
          <h2 id="content-h" className="card-title">{t('content')}</h2>
          <p>{t.rich('subject', { subject: c.subject, strong: (s) => <strong>{s}</strong> })}</p>
          {c.preheader && <p>{t.rich('preheader', { preheader: c.preheader, strong: (s) => <strong>{s}</strong> })}</p>}
          <p className="muted">{c.status === 'SCHEDULED' ? t('cancelToEdit') : t('sentNoEdit')}</p>
        </section>
      )}
    </div>
  );
}
