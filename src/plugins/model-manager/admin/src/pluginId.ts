export { PLUGIN_ID } from '../../shared/constants';
