import adminSession from './admin-session';

export default { 'admin-session': adminSession };
