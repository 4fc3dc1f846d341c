import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App style={new URLSearchParams(location.search).get('style') === 'wrapper' ? 'wrapper' : 'native'} />
  </StrictMode>,
);
