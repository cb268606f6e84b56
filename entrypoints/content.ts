import { defineContentScript } from 'wxt/utils/define-content-script';
import { CONTENT_MATCHES } from '../utils/sites';
import { startContent } from '../utils/content/controller';

export default defineContentScript({
  // Only the supported sites' paper pages (see utils/sites/*): no <all_urls>.
  matches: CONTENT_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    startContent(ctx.signal);
  },
});
