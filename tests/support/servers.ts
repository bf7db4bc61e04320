export * from '../../demo/servers';
