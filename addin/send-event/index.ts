// Entry of the send-event bundle: maps the manifest's FunctionName values to their handlers. Classic
// Outlook on Windows runs neither Office.onReady nor Office.initialize here, so registration is top-level.
import { onMessageFromChangedHandler } from './on-message-from-changed';
import { onMessageRecipientsChangedHandler } from './on-message-recipients-changed';
import { onMessageSendHandler } from './on-message-send';
import { onNewMessageComposeHandler } from './on-new-message-compose';

Office.actions.associate('onNewMessageComposeHandler', onNewMessageComposeHandler);
Office.actions.associate('onMessageRecipientsChangedHandler', onMessageRecipientsChangedHandler);
Office.actions.associate('onMessageFromChangedHandler', onMessageFromChangedHandler);
Office.actions.associate('onMessageSendHandler', onMessageSendHandler);
