export * from '../../recorder/chromium';
