import { render } from 'preact';
import { App } from './app';
import './styles.css';

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading" line index.html shows until the script runs
render(<App />, root);
