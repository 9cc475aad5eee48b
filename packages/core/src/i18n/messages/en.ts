// Texts that core writes itself: system mail to users (in the user's language) and the
// default consent mails and data export of a list (in the list's language). Tenant-written
// templates are never translated. Same keys in de.ts (apps/web/test/i18n-catalogue.test.ts checks).
export default {
  account: {
    resetSubject: 'Reset your Rundbrief password',
    resetIntro: 'Someone (hopefully you) asked to reset the password of your Rundbrief account.',
    resetExpiry: 'The link below works once and expires in one hour. If you did not ask for it, ignore this mail.',
    resetAction: 'Choose a new password',
    inviteSubject: 'You are invited to {tenant} on Rundbrief',
    inviteIntro: '{inviter} invited you to join {tenant} on Rundbrief as {role, select, OWNER {owner} ADMIN {admin} MARKETER {marketer} VIEWER {viewer} other {{role}}}.',
    inviteExpiry: 'The link works once and expires in 7 days.',
    inviteAction: 'Accept the invitation',
  },
  consent: {
    hello: 'Hello,',
    why: 'This mail was sent by Rundbrief, the newsletter service {tenant} uses.',
    confirmSubject: 'Please confirm your subscription to {tenant}',
    confirmBody: 'someone asked to subscribe this address to the newsletter of <b>{tenant}</b>. Please confirm that it was you:',
    confirmAction: 'Yes, subscribe me',
    confirmValidity: 'The link is valid until {until}. If you did not sign up, ignore this mail: you will not hear from us again.',
    yourData: 'Your data',
    welcomeSubject: 'Your subscription to {tenant} is confirmed',
    welcomeBody: 'your subscription to the newsletter of <b>{tenant}</b> is confirmed.',
    unsubscribe: 'Unsubscribe',
    manageData: 'Manage your data',
    noticeSubject: 'You are subscribed to {tenant}',
    noticeBody: 'this address was subscribed to the newsletter of <b>{tenant}</b>.',
    noticeListSubject: 'You are subscribed to {list}',
    noticeListBody: 'this address was subscribed to <b>{list}</b> from {tenant}.',
    noticeNotYou: 'If that was not you, or you changed your mind, manage or erase your data here:',
    freshLinkSubject: 'Your link to your data at {tenant}',
    freshLinkBody: 'here is a fresh link to the data {tenant} holds about you: view, download, change your lists or erase it. If you did not ask for it, ignore this mail.',
    eraseSubject: 'Confirm the erasure of your data at {tenant}',
    eraseBody: 'someone asked to erase all data {tenant} holds about this address and to unsubscribe it from everything. If that was you, confirm with the link below (valid for {hours, plural, one {# hour} other {# hours}}). If not, ignore this mail: nothing changes.',
    eraseAction: 'Erase my data',
  },
} as const;
