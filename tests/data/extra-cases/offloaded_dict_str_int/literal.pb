B`
U/tmp/flyte-golden-extra/raw/offloaded/offloaded_dict_str_int/o0_offloaded_metadata.pbå"