import './shared/base.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

performance.mark('nianbao-start');
createRoot(document.getElementById('root')!).render(<App />);
