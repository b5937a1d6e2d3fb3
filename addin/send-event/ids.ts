// Names the send-event handlers share with the manifest and the taskpane. A manifest test checks
// that each command id is a control id and each icon id a manifest image.

/** The compose ribbon button that opens the Secure send pane (manifest Control id). */
export const SECURE_SEND_COMMAND_ID = 'zegelSecureSend';

/** Manifest image shown beside informational and insight notifications (classic Outlook on Windows). */
export const NOTICE_ICON_ID = 'Icon.16';

/** Notification keys on the item: one per notice, so replacing and removing stay idempotent. */
export const ONBOARDING_NOTICE_KEY = 'zegelOnboarding';
export const COURT_NOTICE_KEY = 'zegelCourtRecipients';
export const FROM_NOTICE_KEY = 'zegelFromChanged';

/** Roaming setting that records when the first-use prompt was shown (ISO time). */
export const ONBOARDING_SETTING = 'zegel.onboardingShownAt';

/** Session-data key and custom-property name that remember the group warnings the user has seen. */
export const GROUPS_CHECKED_KEY = 'zegelGroupsChecked';

/** The pane reads this from getInitializationContextAsync to know why it was opened. */
export const ONBOARDING_CONTEXT = '{"zegel":"onboarding"}';

/** Context the Smart Alerts button hands to the pane (a string: older Windows builds take no objects). */
export const SMART_ALERT_CONTEXT = '{"zegel":"smart-alert"}';
