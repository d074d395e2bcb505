/** Inputs and payloads of the customer import (README "Import and export"). */
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ImportFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
}
registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'File format of an import.',
  valuesConfig: {
    CSV: { description: 'Comma-separated values in UTF-8 (a byte-order mark is allowed), first row the header.' },
    XLSX: { description: 'An Excel workbook; its first worksheet is read, first row the header.' },
  },
});

@InputType({ description: 'A customer file to check or import.' })
export class ImportCustomersInput {
  @Field(() => ImportFormat, { description: 'CSV or XLSX.' })
  format!: ImportFormat;

  @Field(() => String, {
    description:
      'The file, base64-encoded: at most 5 MB once decoded and 20,000 rows besides the header (IMPORT_LIMITS; the columns are described in README "Import and export").',
  })
  content!: string;

  @Field(() => Boolean, { description: 'true: check every row and report what would be created, writing nothing.' })
  dryRun!: boolean;
}

@ObjectType('ImportRowError', { description: 'Why a row of the file cannot be imported.' })
export class ImportRowErrorObject {
  @Field(() => Int, { description: 'Line of the file (the header is line 1; in a workbook, the row number).' })
  line!: number;

  @Field(() => String, { description: 'The column (its Chinese header), e.g. 统一社会信用代码.' })
  field!: string;

  @Field(() => String, { description: 'What is wrong, in the words the mutations use.' })
  message!: string;
}

@ObjectType({ description: 'What an import created.' })
export class ImportCounts {
  @Field(() => Int, { description: 'New customers.' })
  customers!: number;

  @Field(() => Int, { description: 'New service accounts 户号.' })
  serviceAccounts!: number;

  @Field(() => Int, { description: 'New contacts.' })
  contacts!: number;
}

@ObjectType({ description: 'Result of importCustomers.' })
export class ImportCustomersPayload {
  @Field(() => Boolean, { description: 'Whether this was a dry run.' })
  dryRun!: boolean;

  @Field(() => Boolean, {
    description: 'true when the rows were stored. A dry run, or a file with any bad row, writes nothing at all (all or nothing).',
  })
  written!: boolean;

  @Field(() => Int, { description: 'Data rows read, the header not counted.' })
  rowsRead!: number;

  @Field(() => ImportCounts, {
    description: 'What was created; for a dry run or a file that was turned down, what the good rows would have created.',
  })
  created!: ImportCounts;

  @Field(() => [ImportRowErrorObject], { description: 'Every bad row with its line, column and reason, in file order; empty when all rows are good.' })
  errors!: ImportRowErrorObject[];
}
