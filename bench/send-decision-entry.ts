// Entry for the bench's build of the send decision alone, compiled with the send-event bundle's own
// webpack settings (ES2016 target, one IIFE, production mode, no minifier): the function as Outlook's
// JavaScript-only runtime would run it, exposed on the global object so the bench can call it.
import { decideSend } from '../shared/court/send-decision';

(globalThis as unknown as { __zegelBenchDecideSend: typeof decideSend }).__zegelBenchDecideSend = decideSend;
