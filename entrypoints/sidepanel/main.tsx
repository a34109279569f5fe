import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/pages/pages.css';
import { SidePanelApp, type FocusService } from '../../components/pages/SidePanelApp';
import { ServicesProvider } from '../../components/pages/services';
import { extensionServices } from '../../components/pages/extensionServices';
import { getFocus, onFocusChanged } from '../../lib/messaging';

const services = extensionServices();
const focus: FocusService = {
  get: () => getFocus(),
  watch: (cb, signal) => {
    onFocusChanged(cb, signal);
  },
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <SidePanelApp focus={focus} />
    </ServicesProvider>
  </StrictMode>,
);
