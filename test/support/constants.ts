/** Shared by the global setup and the test files. */
export const TEMPLATE_DATABASE = 'gridline_template';
/** Customers in the template's demo data. */
export const TEMPLATE_CUSTOMERS = 60;
