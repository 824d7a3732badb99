export declare function node22(): string;
