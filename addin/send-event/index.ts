// Entry of the send-event bundle: maps the manifest's FunctionName values to their handlers.
import { onMessageSendHandler } from './on-message-send';

Office.actions.associate('onMessageSendHandler', onMessageSendHandler);
