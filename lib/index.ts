export * as maistra from '../imports/maistra.io';
