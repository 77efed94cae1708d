import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { preloadPageAt } from './routes.tsx';
import './styles.css';

preloadPageAt(window.location.pathname.replace(/^\/console/, '') || '/');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
