// The real ComposeCapabilities: the promise adapters of addin/office/, gathered for the pane.
import { getAttachments, getBody, getComposeRecipients, getFrom, getSubject, removeAttachment, sendItem, setBody, setRecipients, setSubject } from '../office/compose';
import { mailboxAddress } from '../office/pane';
import { isSetSupported } from '../office/requirements';
import type { ComposeCapabilities } from './types';

export function officeCompose(): ComposeCapabilities {
  return { getComposeRecipients, getFrom, getSubject, getBody, getAttachments, setBody, setSubject, removeAttachment, setRecipients, sendItem, isSetSupported, mailboxAddress };
}
