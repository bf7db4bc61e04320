export * from '../../recorder/driver';
