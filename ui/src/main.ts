import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { preferences } from './lib/preferences/preferences.svelte';
import { report } from './lib/reports/reports.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// Preferences first, so the first screen already has its drafts, columns and text size; without
// them the app still starts, and says so.
export default preferences
  .load()
  .catch(report('Reading your preferences'))
  .then(() => mount(App, { target }));
