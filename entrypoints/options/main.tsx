import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/pages/pages.css';
import { OptionsApp } from '../../components/pages/OptionsApp';
import { ServicesProvider } from '../../components/pages/services';
import { extensionServices } from '../../components/pages/extensionServices';

const services = extensionServices();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <OptionsApp />
    </ServicesProvider>
  </StrictMode>,
);
