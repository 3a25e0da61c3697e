// Where the labelled test files are: copies in test/linkage/data (with their provenance and licences).
import { fileURLToPath } from 'node:url';

export const DATA = {
  febrl1: fileURLToPath(new URL('./data/febrl/dataset1.csv', import.meta.url)),
  febrl2: fileURLToPath(new URL('./data/febrl/dataset2.csv', import.meta.url)),
  fake1000: fileURLToPath(new URL('./data/splink/fake_1000.csv', import.meta.url)),
};
