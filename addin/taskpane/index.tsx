// Entry of the taskpane app: waits for Office.js (or finds it absent in a plain browser) and renders.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { detectHost } from '../office/host';

const container = document.getElementById('root');
if (container) {
  void detectHost().then((host) => {
    createRoot(container).render(<App host={host} />);
  });
}
