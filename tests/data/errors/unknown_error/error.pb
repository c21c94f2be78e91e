
&
DecodeErrorError parsing message