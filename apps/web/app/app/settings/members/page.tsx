import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { can, listInvitations, listMembers } from '@rundbrief/core';
import { listInvitationBounces } from '@rundbrief/core/platform/platform-mail-log';
import { ctxOf, requireMember } from '@/lib/session';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';
import { InvitationsTable } from './InvitationsTable';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.members'))('title') };
}

export default async function MembersPage() {
  const member = await requireMember();
  const ctx = await ctxOf(member);
  const manage = can(member.role, 'members.manage');
  const [members, invitations, bounced] = await Promise.all([
    listMembers(ctx),
    manage ? listInvitations(ctx) : Promise.resolve([]),
    manage ? listInvitationBounces(ctx) : Promise.resolve([]),
  ]);
  const t = await getTranslations('settings.members');
  return (
    <div className="stack" style={{ gap: 24 }}>
      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h" className="card-title">{t('title')}</h2>
        <MembersTable
          members={members.map((m) => ({ ...m, since: m.since.toISOString() }))}
          me={member.userId}
          myRole={member.role}
        />
      </section>
      {manage && (
        <section className="card" aria-labelledby="invite-h">
          <h2 id="invite-h" className="card-title">{t('inviteHeading')}</h2>
          <InviteForm canInviteOwner={member.role === 'OWNER'} />
          {bounced.map((b) => (
            <div key={`${b.recipient}-${b.bouncedAt.toISOString()}`} className="alert alert-warning" role="status" data-testid="invitation-bounce" style={{ marginTop: 16 }}>
              {t.rich('invitationBounced', { recipient: b.recipient, reason: b.reason, strong: (c) => <strong>{c}</strong> })}
            </div>
          ))}
          {invitations.length > 0 && (
            <>
              <h3 style={{ marginTop: 24 }}>{t('openInvitations')}</h3>
              <InvitationsTable invitations={invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() }))} />
            </>
          )}
        </section>
      )}
    </div>
  );
}
